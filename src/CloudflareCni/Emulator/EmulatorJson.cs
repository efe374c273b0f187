using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace CloudflareCni.Emulator
{
    /// <summary>
    /// Error codes the emulator answers in <c>errors[].code</c> (stable; tests and the client may rely on them):
    /// <list type="table">
    /// <item><term>971</term><description>429 rate limited (fault)</description></item>
    /// <item><term>1000</term><description>400 the body is missing, not JSON, or not a JSON object</description></item>
    /// <item><term>1001</term><description>400 a field of the body is missing or invalid</description></item>
    /// <item><term>1002</term><description>404 the object named in the path does not exist; 400 when an id named in the body does not exist</description></item>
    /// <item><term>1003</term><description>409 conflict: the slot is occupied, or the interconnect still hosts CNIs</description></item>
    /// <item><term>1004</term><description>400 a query parameter is invalid (cursor, limit, occupied, an LOA name over 200 characters)</description></item>
    /// <item><term>1005</term><description>400 no Letter of Authorization for a GCP partner interconnect</description></item>
    /// <item><term>1100</term><description>5xx server error (a fault, CommitThenFail after the change was committed, or a 500 from an emulator defect)</description></item>
    /// <item><term>7000</term><description>404 no route for that URI</description></item>
    /// <item><term>7001</term><description>405 method not allowed for that route (an Allow header lists the allowed ones)</description></item>
    /// <item><term>10000</term><description>401 authentication error: no or bad credentials</description></item>
    /// <item><term>10001</term><description>403 the credentials may not use this account</description></item>
    /// </list>
    /// </summary>
    internal static class EmulatorErrorCodes
    {
        public const int RateLimited = 971;
        public const int InvalidBody = 1000;
        public const int ValidationFailed = 1001;
        public const int NotFound = 1002;
        public const int Conflict = 1003;
        public const int InvalidQuery = 1004;
        public const int LoaUnavailable = 1005;
        public const int ServerError = 1100;
        public const int NoRoute = 7000;
        public const int MethodNotAllowed = 7001;
        public const int AuthenticationError = 10000;
        public const int Forbidden = 10001;
    }

    /// <summary>Thrown inside the emulator to answer an error; turned into a Cloudflare error envelope.</summary>
    internal sealed class EmulatorApiException : Exception
    {
        public EmulatorApiException(int status, int code, string message)
            : base(message)
        {
            Status = status;
            Code = code;
        }

        public int Status { get; }

        public int Code { get; }

        public string? Allow { get; set; }

        public static EmulatorApiException Invalid(string message) => new EmulatorApiException(400, EmulatorErrorCodes.ValidationFailed, message);
    }

    /// <summary>Seed data that cannot be loaded; the message names the item and field, such as <c>interconnects[1].slot_id</c>.</summary>
    internal sealed class SandboxDataException : Exception
    {
        public SandboxDataException(string message)
            : base(message)
        {
        }
    }

    /// <summary>JSON helpers: serialization, envelopes, and field validation.</summary>
    internal static class EmulatorJson
    {
        public const string JsonContentType = "application/json";

        private static readonly JsonSerializerOptions WriteOptions = new JsonSerializerOptions
        {
            // Real UTF-8 in bodies (e.g. "Landstraße"), as the service sends, rather than \u escapes.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };

        public static byte[] ToBytes(JsonNode? node) =>
            Encoding.UTF8.GetBytes(node == null ? "null" : node.ToJsonString(WriteOptions));

        /// <summary>A wire object as JSON, in the API's field names (known fields first, then the ones it keeps unmodelled).</summary>
        public static JsonNode ToNode<T>(T value, JsonTypeInfo<T> type) => JsonSerializer.SerializeToNode(value, type) ?? throw new ArgumentNullException(nameof(value));

        /// <summary>A deep copy of a wire object.</summary>
        public static T Copy<T>(T value, JsonTypeInfo<T> type) => JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(value, type), type)!;

        public static JsonObject ErrorEnvelope(int code, string message) => new JsonObject
        {
            ["success"] = false,
            ["errors"] = new JsonArray(new JsonObject { ["code"] = code, ["message"] = message }),
            ["messages"] = new JsonArray(),
            ["result"] = null,
        };

        /// <summary>Parses a request body that must be a JSON object (code 1000 otherwise).</summary>
        public static JsonObject ParseObject(byte[]? body)
        {
            if (body == null || body.Length == 0)
            {
                throw new EmulatorApiException(400, EmulatorErrorCodes.InvalidBody, "A JSON request body is required.");
            }

            JsonNode? node;
            try
            {
                node = JsonNode.Parse(body);

                // Materialize the whole tree now, so that duplicate keys and similar problems surface here.
                node = node?.DeepClone();
            }
            catch (Exception ex) when (ex is JsonException || ex is ArgumentException || ex is InvalidOperationException || ex is FormatException)
            {
                throw new EmulatorApiException(400, EmulatorErrorCodes.InvalidBody, "The request body is not valid JSON: " + ex.Message);
            }

            if (node is JsonObject obj)
            {
                return obj;
            }

            throw new EmulatorApiException(400, EmulatorErrorCodes.InvalidBody, "The request body must be a JSON object.");
        }

        public static JsonValueKind KindOf(JsonNode? node) => node == null ? JsonValueKind.Null : node.GetValueKind();

        public static bool Has(JsonObject obj, string name) => obj.TryGetPropertyValue(name, out JsonNode? value) && value != null;

        /// <summary>A required string; with <paramref name="allowEmpty"/> it may be empty (a description), else it must not be blank.</summary>
        public static string RequireString(JsonObject obj, string name, string path, bool allowEmpty = false)
        {
            obj.TryGetPropertyValue(name, out JsonNode? value);
            if (value == null)
            {
                throw EmulatorApiException.Invalid(path + " is required.");
            }

            if (KindOf(value) != JsonValueKind.String)
            {
                throw EmulatorApiException.Invalid(path + " must be a string.");
            }

            string text = value.GetValue<string>();
            if (!allowEmpty && text.Trim().Length == 0)
            {
                throw EmulatorApiException.Invalid(path + " must not be empty.");
            }

            return text;
        }

        /// <summary>An optional string: absent or null gives null; any other non-string is invalid.</summary>
        public static string? OptionalString(JsonObject obj, string name, string path)
        {
            obj.TryGetPropertyValue(name, out JsonNode? value);
            if (value == null)
            {
                return null;
            }

            if (KindOf(value) != JsonValueKind.String)
            {
                throw EmulatorApiException.Invalid(path + " must be a string.");
            }

            return value.GetValue<string>();
        }

        public static long RequireInteger(JsonObject obj, string name, string path, long min, long max)
        {
            obj.TryGetPropertyValue(name, out JsonNode? value);
            if (value == null)
            {
                throw EmulatorApiException.Invalid(path + " is required.");
            }

            string range = " must be an integer from " + min.ToString(CultureInfo.InvariantCulture) + " to " + max.ToString(CultureInfo.InvariantCulture) + ".";
            if (KindOf(value) != JsonValueKind.Number || !TryGetInt64(value, out long number))
            {
                throw EmulatorApiException.Invalid(path + range);
            }

            if (number < min || number > max)
            {
                throw EmulatorApiException.Invalid(path + range);
            }

            return number;
        }

        public static JsonObject RequireObject(JsonObject obj, string name, string path)
        {
            obj.TryGetPropertyValue(name, out JsonNode? value);
            if (value == null)
            {
                throw EmulatorApiException.Invalid(path + " is required.");
            }

            if (value is JsonObject child)
            {
                return child;
            }

            throw EmulatorApiException.Invalid(path + " must be an object.");
        }

        public static JsonObject? OptionalObject(JsonObject obj, string name, string path)
        {
            obj.TryGetPropertyValue(name, out JsonNode? value);
            if (value == null)
            {
                return null;
            }

            if (value is JsonObject child)
            {
                return child;
            }

            throw EmulatorApiException.Invalid(path + " must be an object.");
        }

        public static bool TryGetInt64(JsonNode node, out long number)
        {
            number = 0;
            if (!(node is JsonValue value))
            {
                return false;
            }

            if (value.TryGetValue(out JsonElement element))
            {
                return element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out number);
            }

            if (value.TryGetValue(out long l)) { number = l; return true; }
            if (value.TryGetValue(out int i)) { number = i; return true; }
            if (value.TryGetValue(out uint u)) { number = u; return true; }
            if (value.TryGetValue(out short s)) { number = s; return true; }
            if (value.TryGetValue(out double d) && d == Math.Floor(d) && d >= long.MinValue && d <= long.MaxValue)
            {
                number = (long)d;
                return true;
            }

            return false;
        }
    }
}
