using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CloudflareCni.Tests.Helpers
{
    /// <summary>A Kestrel server on 127.0.0.1 answering with a given function: for response shapes the emulator never gives.</summary>
    internal sealed class LoopbackServer : IAsyncDisposable
    {
        private readonly WebApplication app;

        private LoopbackServer(WebApplication app, Uri baseUri)
        {
            this.app = app;
            BaseUri = baseUri;
        }

        public Uri BaseUri { get; }

        public int RequestCount;

        public static async Task<LoopbackServer> StartAsync(Func<HttpContext, int, Task> respond)
        {
            WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.WebHost.UseKestrelCore();
            builder.WebHost.ConfigureKestrel(options => options.Listen(IPAddress.Loopback, FreshLoopbackPort.Take()));
            builder.Logging.ClearProviders();
            WebApplication app = builder.Build();
            LoopbackServer? server = null;
            app.Run(context => respond(context, System.Threading.Interlocked.Increment(ref server!.RequestCount)));
            await app.StartAsync();
            string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            server = new LoopbackServer(app, new Uri(address.TrimEnd('/') + "/client/v4"));
            return server;
        }

        /// <summary>A server that answers every request 200 with the same body.</summary>
        public static Task<LoopbackServer> AnsweringAsync(string body, string contentType = "application/json") =>
            StartAsync(async (context, n) =>
            {
                context.Response.ContentType = contentType;
                await context.Response.WriteAsync(body);
            });

        public async ValueTask DisposeAsync() => await app.DisposeAsync();
    }
}
