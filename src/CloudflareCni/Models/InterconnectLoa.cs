namespace CloudflareCni.Api
{
    /// <summary>A Letter of Authorization as the API returns it: raw document bytes and their media type.</summary>
    internal sealed class InterconnectLoa
    {
        public InterconnectLoa(byte[] content, string contentType)
        {
            Content = content;
            ContentType = contentType;
        }

        public byte[] Content { get; }

        public string ContentType { get; }
    }
}
