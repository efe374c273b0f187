using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;

namespace CloudflareCni.Tests.Helpers
{
    /// <summary>
    /// A loopback port no server of this test process has listened on before. The module keeps a rate budget per
    /// credential and API address for the whole process (as Cloudflare counts per user), and every test server takes
    /// the same token: a server that got the port of an earlier one would inherit that server's 429 pause or lock-out.
    /// </summary>
    internal static class FreshLoopbackPort
    {
        private static readonly HashSet<int> Used = new HashSet<int>();

        public static int Take()
        {
            lock (Used)
            {
                while (true)
                {
                    var probe = new TcpListener(IPAddress.Loopback, 0);
                    probe.Start();
                    int port = ((IPEndPoint)probe.LocalEndpoint).Port;
                    probe.Stop();
                    if (Used.Add(port))
                    {
                        return port;
                    }
                }
            }
        }
    }
}
