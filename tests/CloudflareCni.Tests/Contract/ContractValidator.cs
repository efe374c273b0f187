using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Json.Schema;

namespace CloudflareCni.Tests.Contract
{
    /// <summary>What is wrong with one value: where (a JSON pointer into it) and what.</summary>
    internal sealed record ContractProblem(string Pointer, string Message)
    {
        public override string ToString() => (Pointer.Length == 0 ? "/" : Pointer) + ": " + Message;
    }

    /// <summary>
    /// JSON Schema validation (JsonSchema.Net) plus the check JSON Schema leaves out: that an object has no field its
    /// schemas do not declare. OpenAPI objects are open by default, but the contract holds the module's requests and the
    /// sandbox's answers to the fields the API documents. Which fields an object's schemas declare is read from the
    /// evaluation's annotations (the <c>properties</c>, <c>patternProperties</c> and <c>additionalProperties</c> of every
    /// schema that applied there and passed, through allOf, references and the matching oneOf branch), so composition
    /// needs no special case. An object none of whose passing schemas lists properties (a bare <c>type: object</c>) is free-form.
    /// </summary>
    internal static class ContractValidator
    {
        private static readonly string[] FieldAnnotations = { "properties", "patternProperties", "additionalProperties" };

        /// <summary>Stands for every field, where a schema's additionalProperties takes them all (no field has this name: it is not valid UTF-16).</summary>
        private const string AnyField = "\uD800";

        public static IReadOnlyList<ContractProblem> Validate(JsonSchema schema, JsonElement instance, EvaluationOptions options)
        {
            EvaluationResults results = schema.Evaluate(instance, options);
            if (!results.IsValid)
            {
                var problems = new List<ContractProblem>();
                CollectErrors(results, problems);
                return problems.Distinct().ToList();
            }

            var declared = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            CollectDeclared(results, declared);
            var unknown = new List<ContractProblem>();
            FindUndeclared(instance, string.Empty, declared, unknown);
            return unknown;
        }

        private static void CollectErrors(EvaluationResults node, List<ContractProblem> problems)
        {
            List<EvaluationResults> failed = (node.Details ?? new List<EvaluationResults>()).Where(d => !d.IsValid).ToList();

            // A union whose discriminator picks a branch: only that branch's errors say what is wrong.
            List<EvaluationResults> branches = failed.Where(IsBranch).ToList();
            List<EvaluationResults> picked = branches.Where(b => !MissesDiscriminator(b, node)).ToList();
            if (picked.Count > 0 && picked.Count < branches.Count)
            {
                failed = failed.Except(branches.Except(picked)).ToList();
            }

            if (node.Errors != null)
            {
                foreach (KeyValuePair<string, string> error in node.Errors)
                {
                    if (branches.Count > 0 && (error.Key == "oneOf" || error.Key == "anyOf"))
                    {
                        continue; // The branches' own errors follow.
                    }

                    problems.Add(new ContractProblem(node.InstanceLocation.ToString(), error.Value + " (" + error.Key + " at " + Shorten(node.SchemaLocation) + ")"));
                }
            }

            foreach (EvaluationResults detail in failed)
            {
                CollectErrors(detail, problems);
            }
        }

        private static bool IsBranch(EvaluationResults node)
        {
            string[] path = node.EvaluationPath.ToString().Split('/');
            return path.Length >= 2 && (path[^2] == "oneOf" || path[^2] == "anyOf");
        }

        /// <summary>True when a branch failed on the value of a field of the object itself (the discriminator's enum).</summary>
        private static bool MissesDiscriminator(EvaluationResults branch, EvaluationResults union)
        {
            string prefix = union.InstanceLocation.ToString() + "/";
            var pending = new Stack<EvaluationResults>();
            pending.Push(branch);
            while (pending.Count > 0)
            {
                EvaluationResults node = pending.Pop();
                string at = node.InstanceLocation.ToString();
                if (node.Errors != null && node.Errors.ContainsKey("enum") && at.StartsWith(prefix, StringComparison.Ordinal) && at.IndexOf('/', prefix.Length) < 0)
                {
                    return true;
                }

                foreach (EvaluationResults detail in node.Details ?? new List<EvaluationResults>())
                {
                    if (!detail.IsValid)
                    {
                        pending.Push(detail);
                    }
                }
            }

            return false;
        }

        // Only schemas that passed say what an object may hold: a failed oneOf branch declares nothing.
        private static void CollectDeclared(EvaluationResults node, Dictionary<string, HashSet<string>> declared)
        {
            if (!node.IsValid)
            {
                return;
            }

            if (node.Annotations != null)
            {
                foreach (string keyword in FieldAnnotations)
                {
                    if (node.Annotations.TryGetValue(keyword, out JsonElement names) && (names.ValueKind == JsonValueKind.Array || names.ValueKind == JsonValueKind.True))
                    {
                        string at = node.InstanceLocation.ToString();
                        if (!declared.TryGetValue(at, out HashSet<string>? set))
                        {
                            declared[at] = set = new HashSet<string>(StringComparer.Ordinal);
                        }

                        // An array names the fields the keyword took; true (additionalProperties' form) takes every field.
                        foreach (JsonElement name in names.ValueKind == JsonValueKind.True ? Enumerable.Empty<JsonElement>() : names.EnumerateArray())
                        {
                            set.Add(name.GetString()!);
                        }

                        if (names.ValueKind == JsonValueKind.True)
                        {
                            set.Add(AnyField);
                        }
                    }
                }
            }

            foreach (EvaluationResults detail in node.Details ?? new List<EvaluationResults>())
            {
                CollectDeclared(detail, declared);
            }
        }

        private static void FindUndeclared(JsonElement value, string pointer, Dictionary<string, HashSet<string>> declared, List<ContractProblem> problems)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.Object:
                    declared.TryGetValue(pointer, out HashSet<string>? names);
                    foreach (JsonProperty property in value.EnumerateObject())
                    {
                        string inner = pointer + "/" + property.Name.Replace("~", "~0").Replace("/", "~1");
                        if (names != null && !names.Contains(AnyField) && !names.Contains(property.Name))
                        {
                            problems.Add(new ContractProblem(inner, "the field '" + property.Name + "' is not in the schema"));
                            continue;
                        }

                        FindUndeclared(property.Value, inner, declared, problems);
                    }

                    break;
                case JsonValueKind.Array:
                    int index = 0;
                    foreach (JsonElement item in value.EnumerateArray())
                    {
                        FindUndeclared(item, pointer + "/" + index++, declared, problems);
                    }

                    break;
            }
        }

        private static string Shorten(Uri location)
        {
            string text = location.ToString();
            int defs = text.IndexOf("#/$defs/", StringComparison.Ordinal);
            return defs >= 0 ? text.Substring(defs + "#/$defs/".Length) : text.Substring(text.IndexOf('#') + 1);
        }
    }
}
