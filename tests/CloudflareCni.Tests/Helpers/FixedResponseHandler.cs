using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace CloudflareCni.Tests.Helpers
{
    /// <summary>Answers every request with the same response: for shapes the emulator never produces.</summary>
    internal sealed class FixedResponseHandler : HttpMessageHandler
    {
        private readonly int status;
        private readonly string contentType;
        private readonly byte[] body;

        public FixedResponseHandler(int status, string contentType, byte[] body)
        {
            this.status = status;
            this.contentType = contentType;
            this.body = body;
        }

        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            return Task.FromResult(new HttpResponseMessage((HttpStatusCode)status) { Content = content, RequestMessage = request });
        }
    }
}
