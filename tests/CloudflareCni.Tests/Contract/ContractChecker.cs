using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace CloudflareCni.Tests.Contract
{
    /// <summary>One request and its answer, as the loopback server saw them (raw path and query, as sent).</summary>
    internal sealed record ContractExchange(
        string Method,
        string RawPath,
        string RawQuery,
        IReadOnlyDictionary<string, string> RequestHeaders,
        byte[] RequestBody,
        int Status,
        string? ResponseContentType,
        byte[] ResponseBody,
        string? Fault)
    {
        public override string ToString() =>
            Method + " " + RawPath + (RawQuery.Length > 0 ? "?" + RawQuery : string.Empty) + " -> " + (Status == 0 ? "no answer" : Status.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>What the server knows about the emulator behind it when an exchange happens.</summary>
    internal sealed record ContractSettings(string BasePath, bool UseEnvelope, IReadOnlyCollection<string> FixtureFields)
    {
        public static readonly ContractSettings Default = new ContractSettings("/client/v4", false, Array.Empty<string>());
    }

    /// <summary>One way an exchange breaks the contract.</summary>
    internal sealed record ContractViolation(ContractExchange Exchange, string Operation, string Part, string Problem)
    {
        public override string ToString() => Exchange + " [" + Operation + "] " + Part + ": " + Problem;
    }

    /// <summary>
    /// Checks one exchange against the contract: the request's path, path parameters, query, header parameters and
    /// body against its operation, and a 2xx answer against the operation's response schema; the exemptions are
    /// <see cref="ContractExemptions"/>'.
    /// </summary>
    internal static class ContractChecker
    {
        private static readonly HashSet<string> BrokenBodyFaultKinds = new HashSet<string>(StringComparer.Ordinal) { "TruncatedJson", "EmptyBody" };

        public static IReadOnlyList<ContractViolation> Check(ApiContract contract, ContractExchange exchange, ContractSettings settings, out ContractOperation? operation)
        {
            var violations = new List<ContractViolation>();
            operation = null;
            string basePath = settings.BasePath.Trim('/').Length == 0 ? string.Empty : "/" + settings.BasePath.Trim('/');
            if (!exchange.RawPath.StartsWith(basePath + "/", StringComparison.Ordinal))
            {
                violations.Add(new ContractViolation(exchange, "?", "path", "not under the API's base path " + basePath));
                return violations;
            }

            string[] rawSegments = exchange.RawPath.Substring(basePath.Length + 1).Split('/');
            string[] segments = rawSegments.Select(Uri.UnescapeDataString).ToArray();
            ContractOperation? found = contract.Match(exchange.Method, segments, out IReadOnlyDictionary<string, string> pathValues);
            if (found is null)
            {
                violations.Add(new ContractViolation(exchange, "?", "path", "no operation " + exchange.Method + " /" + string.Join("/", rawSegments) + " in the contract"));
                return violations;
            }

            operation = found;
            void Add(string part, string problem) => violations.Add(new ContractViolation(exchange, found.Id, part, problem));

            foreach (ContractParameter parameter in found.Parameters.Where(p => p.In == "path"))
            {
                Parameter(contract, parameter, pathValues.TryGetValue(parameter.Name, out string? value) ? new[] { value } : Array.Empty<string>(), Add);
            }

            ILookup<string, string> query = ParseQuery(exchange.RawQuery);
            foreach (IGrouping<string, string> given in query)
            {
                if (!found.Parameters.Any(p => p.In == "query" && p.Name == given.Key))
                {
                    Add("query", "the parameter '" + given.Key + "' is not in the contract");
                }
            }

            foreach (ContractParameter parameter in found.Parameters.Where(p => p.In == "query"))
            {
                Parameter(contract, parameter, query[parameter.Name].ToArray(), Add);
            }

            foreach (ContractParameter parameter in found.Parameters.Where(p => p.In == "header"))
            {
                string? header = exchange.RequestHeaders.FirstOrDefault(h => string.Equals(h.Key, parameter.Name, StringComparison.OrdinalIgnoreCase)).Value;
                Parameter(contract, parameter, header is null ? Array.Empty<string>() : new[] { header }, Add);
            }

            RequestBody(contract, found, exchange, settings, Add);
            Answer(contract, found, exchange, settings, Add);
            return violations;
        }

        private static void Parameter(ApiContract contract, ContractParameter parameter, IReadOnlyList<string> values, Action<string, string> add)
        {
            string part = parameter.In + " parameter " + parameter.Name;
            if (values.Count == 0)
            {
                if (parameter.Required)
                {
                    add(part, "required, but not sent");
                }

                return;
            }

            if (values.Count > 1 && parameter.Type != "array")
            {
                add(part, "sent " + values.Count.ToString(CultureInfo.InvariantCulture) + " times");
                return;
            }

            JsonElement? value = ParameterValue(values[0], parameter.Type);
            if (value is null)
            {
                add(part, "'" + values[0] + "' is not " + (parameter.Type == "integer" ? "an integer" : "a " + parameter.Type));
                return;
            }

            foreach (ContractProblem problem in contract.Validate(parameter.Schema, value.Value))
            {
                add(part, "'" + values[0] + "': " + problem.Message);
            }
        }

        /// <summary>A parameter's text as the JSON value it stands for: a number, a boolean, or text.</summary>
        private static JsonElement? ParameterValue(string text, string? type)
        {
            string json;
            switch (type)
            {
                case "integer":
                case "number":
                    if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out decimal number))
                    {
                        return null;
                    }

                    json = number.ToString(CultureInfo.InvariantCulture);
                    break;
                case "boolean":
                    if (text != "true" && text != "false")
                    {
                        return null;
                    }

                    json = text;
                    break;
                default:
                    json = JsonSerializer.Serialize(text);
                    break;
            }

            using JsonDocument document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }

        private static void RequestBody(ApiContract contract, ContractOperation operation, ContractExchange exchange, ContractSettings settings, Action<string, string> add)
        {
            bool sent = exchange.RequestBody.Length > 0;
            if (operation.RequestBody is null)
            {
                if (sent)
                {
                    add("request body", "sent, but the operation takes none");
                }

                return;
            }

            if (!sent)
            {
                if (operation.RequestRequired)
                {
                    add("request body", "required, but not sent");
                }

                return;
            }

            string media = MediaType(exchange.RequestHeaders.FirstOrDefault(h => string.Equals(h.Key, "Content-Type", StringComparison.OrdinalIgnoreCase)).Value);
            if (!operation.RequestBody.TryGetValue(media, out JsonSchema? schema))
            {
                add("request body", "Content-Type '" + media + "', but the operation takes " + string.Join(", ", operation.RequestBody.Keys));
                return;
            }

            if (schema != null)
            {
                Body(contract, schema, exchange.RequestBody, settings, unwrapEnvelope: false, "request body", add);
            }
        }

        private static void Answer(ApiContract contract, ContractOperation operation, ContractExchange exchange, ContractSettings settings, Action<string, string> add)
        {
            if (exchange.Fault != null && BrokenBodyFaultKinds.Contains(exchange.Fault))
            {
                return; // ContractExemptions.BrokenBodyFaults
            }

            if (exchange.Status < 200 || exchange.Status > 299)
            {
                return; // ContractExemptions.NonSuccessAnswers (0: no answer at all)
            }

            string status = exchange.Status.ToString(CultureInfo.InvariantCulture);
            if (!operation.Responses.TryGetValue(status, out IReadOnlyDictionary<string, JsonSchema?>? content)
                && !operation.Responses.TryGetValue("2XX", out content))
            {
                add("answer", "status " + status + " is not one the operation documents (" + string.Join(", ", operation.Responses.Keys) + ")");
                return;
            }

            if (content.Count == 0)
            {
                return; // No content documented: a PDF, or an empty answer.
            }

            string media = MediaType(exchange.ResponseContentType);
            if (!content.TryGetValue(media, out JsonSchema? schema))
            {
                add("answer", "Content-Type '" + media + "', but the operation answers " + string.Join(", ", content.Keys));
                return;
            }

            if (schema != null)
            {
                // ContractExemptions.EnvelopeAroundBareBodies: the CNI operations document bare bodies.
                bool envelope = settings.UseEnvelope && operation.Path.Contains("/cni/", StringComparison.Ordinal);
                Body(contract, schema, exchange.ResponseBody, settings, envelope, "answer", add);
            }
        }

        private static void Body(ApiContract contract, JsonSchema schema, byte[] body, ContractSettings settings, bool unwrapEnvelope, string part, Action<string, string> add)
        {
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(body);
            }
            catch (JsonException ex)
            {
                add(part, "not JSON: " + ex.Message);
                return;
            }

            if (unwrapEnvelope)
            {
                if (node is not JsonObject envelope || (bool?)envelope["success"] != true || envelope["errors"] is not JsonArray
                    || envelope["messages"] is not JsonArray || !envelope.ContainsKey("result"))
                {
                    add(part, "not a successful envelope {success: true, errors: [], messages: [], result}");
                    return;
                }

                node = envelope["result"];
            }

            // ContractExemptions.ForwardCompatibilityFixtures: a test's own fields on the object and on each listed item.
            if (settings.FixtureFields.Count > 0 && node is JsonObject obj)
            {
                var objects = new List<JsonObject> { obj };
                objects.AddRange((obj["items"] as JsonArray ?? new JsonArray()).OfType<JsonObject>());
                foreach (JsonObject target in objects)
                {
                    foreach (string field in settings.FixtureFields)
                    {
                        target.Remove(field);
                    }
                }
            }

            using JsonDocument document = JsonDocument.Parse(node?.ToJsonString() ?? "null");
            foreach (ContractProblem problem in contract.Validate(schema, document.RootElement))
            {
                add(part, problem.ToString());
            }
        }

        private static string MediaType(string? contentType) =>
            (contentType ?? string.Empty).Split(';')[0].Trim().ToLowerInvariant();

        private static ILookup<string, string> ParseQuery(string raw) =>
            raw.Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(pair => pair.Split('=', 2))
                .ToLookup(pair => Uri.UnescapeDataString(pair[0]), pair => pair.Length > 1 ? Uri.UnescapeDataString(pair[1]) : string.Empty, StringComparer.Ordinal);
    }
}
