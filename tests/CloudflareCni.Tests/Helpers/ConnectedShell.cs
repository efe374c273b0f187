using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using CloudflareCni.Emulator;
using CloudflareCni.Tests.Helpers;

namespace CloudflareCni.Tests.Helpers
{
    /// <summary>
    /// A real PowerShell session whose module is connected, with a token, to an emulator behind a loopback socket: the
    /// cmdlets run as a user runs them, and the test reads what reached the server.
    /// </summary>
    internal sealed class ConnectedShell : IAsyncDisposable
    {
        private ConnectedShell(TestServer server, PowerShellSession shell)
        {
            Server = server;
            Shell = shell;
        }

        public TestServer Server { get; }

        public CniEmulator Emulator => Server.Emulator;

        public PowerShellSession Shell { get; }

        public IReadOnlyList<RecordedRequest> Requests => Server.Requests;

        /// <summary>Requests other than GET: the ones that change something.</summary>
        public IReadOnlyList<RecordedRequest> Writes => Server.Requests.Where(r => r.Method != "GET").ToList();

        /// <param name="options">What the server does around the emulator; by default it lets only <see cref="ApiHarness.Token"/> through.</param>
        public static async Task<ConnectedShell> StartAsync(CniEmulator? emulator = null, string connectArguments = "-MaximumRetryCount 0", TestServerOptions? options = null)
        {
            TestServer server = await TestServer.StartAsync(emulator, options ?? new TestServerOptions { Token = ApiHarness.Token });
            var shell = new PowerShellSession();
            shell.Invoke(
                "Connect-CfAccount -ApiToken (ConvertTo-SecureString $token -AsPlainText -Force) -AccountId $account -BaseUri $baseUri " + connectArguments + " | Out-Null",
                ("token", ApiHarness.Token),
                ("account", ApiHarness.AccountId),
                ("baseUri", server.BaseUri),
                // Lets a script see, at any moment, how many requests the server has received.
                ("requestCount", (Func<int>)(() => server.Requests.Count)));
            // Connecting checks the credential with one request; tests count from here.
            server.ClearRequests();
            return new ConnectedShell(server, shell);
        }

        public PsResult Run(string script, params (string Name, object? Value)[] variables) => Shell.Run(script, variables);

        public IReadOnlyList<object> Invoke(string script, params (string Name, object? Value)[] variables) => Shell.Invoke(script, variables);

        /// <summary>What Tab offers at the end of the text, as PowerShell's own completion computes it in this session.</summary>
        public IReadOnlyList<string> Complete(string input) =>
            Shell.Invoke("[System.Management.Automation.CommandCompletion]::CompleteInput($text, $text.Length, $null).CompletionMatches", ("text", input))
                .Cast<System.Management.Automation.CompletionResult>().Select(c => c.CompletionText).ToList();

        public string AddSlot(string site = "AMS01", string speed = "10G", bool occupied = false) =>
            Emulator.AddSlot(null, site, "Equinix AM3", new[] { "Science Park 610", "1098 XH Amsterdam" }, speed, occupied);

        /// <summary>What a colleague's change does: a PUT of the edited CNI straight to the server, not through the module.</summary>
        public void ChangeOnServer(string cniId, Action<System.Text.Json.Nodes.JsonObject> edit)
        {
            System.Text.Json.Nodes.JsonObject cni = Emulator.GetCnis(ApiHarness.AccountId).Single(c => c["id"]!.GetValue<string>() == cniId);
            edit(cni);
            using var http = new System.Net.Http.HttpClient();
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiHarness.Token);
            using var body = new System.Net.Http.StringContent(cni.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
            http.PutAsync(Server.CniUri(ApiHarness.AccountId, "cnis/" + cniId), body).GetAwaiter().GetResult().EnsureSuccessStatusCode();
            Server.ClearRequests();
        }

        public async ValueTask DisposeAsync()
        {
            // Named connections belong to the process, which the other tests share.
            Shell.Run("Get-CfContext -ListAvailable | Where-Object ConnectionName | ForEach-Object { Disconnect-CfAccount -Name $_.ConnectionName }; Disconnect-CfAccount");
            Shell.Dispose();
            await Server.DisposeAsync();
        }
    }
}
