using System;
using System.Buffers;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace CloudflareCni.Api
{
    /// <summary>
    /// A response body in a buffer borrowed from the shared pool, and given back once the response is read. A listing
    /// reads one page after another: pooling keeps their buffers (large-object-heap sized for big pages) from becoming
    /// garbage on every page.
    /// </summary>
    internal sealed class ResponseBody : IDisposable
    {
        public static readonly ResponseBody Empty = new ResponseBody(new byte[0], 0, pooled: false);

        /// <summary>The most a Content-Length may set aside before the body arrives.</summary>
        private const int MaxFirstBuffer = 1024 * 1024;

        private byte[] buffer;
        private readonly bool pooled;

        private ResponseBody(byte[] buffer, int length, bool pooled)
        {
            this.buffer = buffer;
            Length = length;
            this.pooled = pooled;
        }

        public int Length { get; }

        public ReadOnlySpan<byte> Span => new ReadOnlySpan<byte>(buffer, 0, Length);

        public byte this[int index] => buffer[index];

        public string Text() => Encoding.UTF8.GetString(buffer, 0, Length);

        public byte[] ToArray() => Span.ToArray();

        /// <summary>Reads the whole stream; <paramref name="expectedLength"/> (Content-Length) sizes the buffer when known.</summary>
        public static async Task<ResponseBody> ReadAsync(Stream stream, long? expectedLength, CancellationToken cancellationToken)
        {
            // Content-Length sizes the first buffer, but only up to 1 MB: the server's word is not a reason to set aside
            // gigabytes before a byte has arrived. The buffer grows as the body does.
            byte[] buffer = ArrayPool<byte>.Shared.Rent(expectedLength is long known && known > 0 ? (int)Math.Min(known, MaxFirstBuffer) : 16 * 1024);
            int length = 0;
            try
            {
                while (true)
                {
                    if (length == buffer.Length)
                    {
                        byte[] larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        Buffer.BlockCopy(buffer, 0, larger, 0, length);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    int read = await stream.ReadAsync(buffer, length, buffer.Length - length, cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return new ResponseBody(buffer, length, pooled: true);
                    }

                    length += read;
                }
            }
            catch
            {
                ArrayPool<byte>.Shared.Return(buffer);
                throw;
            }
        }

        public void Dispose()
        {
            byte[] returned = Interlocked.Exchange(ref buffer, Empty.buffer);
            if (pooled && returned.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(returned);
            }
        }
    }
}
