using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace CloudflareCni.Emulator
{
    /// <summary>
    /// An in-process transport: hands every <see cref="HttpRequestMessage"/> to a <see cref="CniEmulator"/> without a socket.
    /// The host and scheme of the URI are ignored; the path must start with the emulator's BasePath.
    /// A simulated connection reset surfaces as <see cref="HttpRequestException"/>; cancellation as <see cref="OperationCanceledException"/>.
    /// </summary>
    internal sealed class CniEmulatorHandler : HttpMessageHandler
    {
        public CniEmulatorHandler(CniEmulator emulator)
        {
            Emulator = emulator ?? throw new ArgumentNullException(nameof(emulator));
        }

        public CniEmulator Emulator { get; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            if (request.RequestUri == null || !request.RequestUri.IsAbsoluteUri)
            {
                throw new InvalidOperationException("The request needs an absolute URI.");
            }

            cancellationToken.ThrowIfCancellationRequested();

            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (KeyValuePair<string, IEnumerable<string>> header in request.Headers)
            {
                headers[header.Key] = string.Join(", ", header.Value);
            }

            byte[] body = new byte[0];
            if (request.Content != null)
            {
                foreach (KeyValuePair<string, IEnumerable<string>> header in request.Content.Headers)
                {
                    headers[header.Key] = string.Join(", ", header.Value);
                }

                body = await request.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            }

            string query = request.RequestUri.Query;
            if (query.StartsWith("?", StringComparison.Ordinal))
            {
                query = query.Substring(1);
            }

            var emulatorRequest = new EmulatorRequest
            {
                Method = request.Method.Method,
                Path = request.RequestUri.AbsolutePath,
                QueryString = query,
                Query = EmulatorRequest.ParseQuery(query),
                Headers = headers,
                Body = body,
                Command = request.Properties.TryGetValue(Api.CfCall.CommandTag, out object? command) ? command as string : null,
            };

            EmulatorResponse answer = await Emulator.HandleAsync(emulatorRequest, cancellationToken).ConfigureAwait(false);
            if (answer.AbortConnection)
            {
                throw new HttpRequestException("The emulator reset the connection.");
            }

            cancellationToken.ThrowIfCancellationRequested();
            var response = new HttpResponseMessage((HttpStatusCode)answer.Status)
            {
                RequestMessage = request,
                Content = new ByteArrayContent(answer.Body ?? new byte[0]),
            };

            if (answer.ContentType != null)
            {
                response.Content.Headers.TryAddWithoutValidation("Content-Type", answer.ContentType);
            }

            foreach (KeyValuePair<string, string> header in answer.Headers)
            {
                if (!response.Headers.TryAddWithoutValidation(header.Key, header.Value))
                {
                    response.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }

            return response;
        }
    }
}
