using System.Text.Json.Serialization;

namespace CloudflareCni.Api.Json
{
    /// <summary>
    /// The serializer settings every resource's JSON context shares (each context is declared beside its resource's wire
    /// types, so no central list names them all): a field that is null is left out, and numbers are JSON numbers only.
    /// </summary>
    internal static class CfJson
    {
        public const JsonIgnoreCondition Ignore = JsonIgnoreCondition.WhenWritingNull;

        public const JsonNumberHandling Numbers = JsonNumberHandling.Strict;
    }
}
