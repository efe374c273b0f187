using System.Text.Json.Serialization;

namespace CloudflareCni
{
    /// <summary>One entry of Cloudflare's errors[] (or messages[]).</summary>
    public sealed class CfApiError
    {
        [JsonPropertyName("code")]
        public long Code { get; set; }

        [JsonPropertyName("message")]
        public string Message { get; set; } = string.Empty;

        public override string ToString() => $"[{Code}] {Message}";
    }
}
