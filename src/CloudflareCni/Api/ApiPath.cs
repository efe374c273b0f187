using System;
using System.Collections.Generic;
using CloudflareCni.Validation;

namespace CloudflareCni.Api
{
    /// <summary>
    /// A request's path, relative to the base URI: the one way a value gets into a URL. It is built from a template of the
    /// API's own path, such as <c>accounts/{AccountId}/cni/interconnects/{Name}/status</c>, where each <c>{Parameter}</c>
    /// takes one value. Each value becomes exactly one percent-encoded segment; one that could not stay one
    /// (<see cref="ModuleRules.PathSegmentFault"/>: empty, blank, '.', '..', a slash) is refused, naming the parameter
    /// and the value, before any request. So the path the server receives always has the shape of the template.
    /// </summary>
    internal sealed class ApiPath
    {
        private ApiPath(string text, int segments)
        {
            Text = text;
            SegmentCount = segments;
        }

        /// <summary>The path as sent, without a leading slash, such as <c>accounts/023e.../cni/interconnects/icon-1</c>.</summary>
        public string Text { get; }

        /// <summary>How many segments the path has: as many as its template, whatever the values.</summary>
        public int SegmentCount { get; }

        /// <summary>
        /// The path of <paramref name="template"/> with its <c>{Parameter}</c> segments, in order, taken by
        /// <paramref name="values"/>. A value that cannot be one segment is a CfValidation.InvalidPathSegment error naming
        /// the template's parameter.
        /// </summary>
        public static ApiPath Of(string template, params string[] values)
        {
            string[] segments = template.Split('/');
            var sent = new List<string>(segments.Length);
            int next = 0;
            foreach (string segment in segments)
            {
                if (segment.StartsWith("{", StringComparison.Ordinal) && segment.EndsWith("}", StringComparison.Ordinal))
                {
                    if (next >= values.Length)
                    {
                        throw new ArgumentException($"The path template '{template}' has more parameters than the {values.Length} values given.", nameof(values));
                    }

                    sent.Add(Segment(segment.Substring(1, segment.Length - 2), values[next++]));
                }
                else if (segment.Length == 0 || Uri.EscapeDataString(segment) != segment || segment == "." || segment == "..")
                {
                    throw new ArgumentException($"The path template '{template}' has a fixed segment that is not plain text.", nameof(template));
                }
                else
                {
                    sent.Add(segment);
                }
            }

            if (next != values.Length)
            {
                throw new ArgumentException($"The path template '{template}' has fewer parameters than the {values.Length} values given.", nameof(values));
            }

            return new ApiPath(string.Join("/", sent), sent.Count);
        }

        /// <summary>The same path with more of the template after it, such as <c>{Name}/status</c> after an interconnect's collection.</summary>
        public ApiPath Then(string template, params string[] values)
        {
            ApiPath rest = Of(template, values);
            return new ApiPath(Text + "/" + rest.Text, SegmentCount + rest.SegmentCount);
        }

        public override string ToString() => Text;

        private static string Segment(string parameter, string? value)
        {
            string? fault = ModuleRules.PathSegmentFault(value);
            if (fault != null)
            {
                throw new CfValidationException(
                    parameter,
                    CfErrors.InvalidPathSegment,
                    $"The -{parameter} value {DiagnosticText.Quote(value)} cannot be sent: each value must be exactly one segment of the request's path, and {fault} Nothing was sent.");
            }

            return Uri.EscapeDataString(value!);
        }
    }
}
