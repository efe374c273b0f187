using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text;

namespace CloudflareCni.Tests.Helpers
{
    /// <summary>
    /// A PowerShell host for tests. It answers confirmation prompts from a queue, as a user at the keyboard would,
    /// and with nothing queued it refuses to prompt, as a runbook's host does. It keeps what PowerShell writes to it.
    /// </summary>
    internal sealed class ScriptedHost : PSHost
    {
        private readonly ScriptedHostUI ui = new ScriptedHostUI();

        public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;

        public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;

        public override Guid InstanceId { get; } = Guid.NewGuid();

        public override string Name => "CloudflareCni.Tests";

        public override PSHostUserInterface UI => ui;

        public ScriptedHostUI Prompts => ui;

        public override Version Version => new Version(1, 0);

        public override void EnterNestedPrompt() => throw new NotSupportedException();

        public override void ExitNestedPrompt() => throw new NotSupportedException();

        public override void NotifyBeginApplication()
        {
        }

        public override void NotifyEndApplication()
        {
        }

        public override void SetShouldExit(int exitCode)
        {
        }
    }

    internal sealed class ScriptedHostUI : PSHostUserInterface
    {
        private readonly StringBuilder text = new StringBuilder();
        private readonly Queue<string> answers = new Queue<string>();

        public override PSHostRawUserInterface RawUI { get; } = new FixedRawUI();

        /// <summary>The prompts shown, as "caption: message".</summary>
        public List<string> Shown { get; } = new List<string>();

        public string Text
        {
            get
            {
                lock (text)
                {
                    return text.ToString();
                }
            }
        }

        /// <summary>Runs while a prompt is open, before it is answered: what someone else does meanwhile.</summary>
        public Action? WhilePrompting { get; set; }

        /// <summary>Queues answers by label without the hot-key marker, such as "Yes", "No", "Yes to All".</summary>
        public void Answer(params string[] labels)
        {
            foreach (string label in labels)
            {
                answers.Enqueue(label);
            }
        }

        public void ClearText()
        {
            lock (text)
            {
                text.Clear();
            }
        }

        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
        {
            Shown.Add(caption + ": " + message);
            WhilePrompting?.Invoke();
            if (answers.Count == 0)
            {
                // What a host without a user does: the prompt becomes an error.
                throw new HostException("The test host has no answer queued for this prompt: " + message);
            }

            string wanted = answers.Dequeue();
            for (int i = 0; i < choices.Count; i++)
            {
                if (string.Equals(choices[i].Label.Replace("&", string.Empty), wanted, StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }

            throw new InvalidOperationException($"No choice '{wanted}' among {string.Join(", ", choices)}.");
        }

        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) =>
            throw new HostException("The test host cannot prompt for fields.");

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
            throw new HostException("The test host cannot prompt for credentials.");

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) =>
            throw new HostException("The test host cannot prompt for credentials.");

        public override string ReadLine() => throw new HostException("The test host cannot read input.");

        public override SecureString ReadLineAsSecureString() => throw new HostException("The test host cannot read input.");

        public override void Write(string value) => Append(value);

        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Append(value);

        public override void WriteLine(string value) => Append(value + "\n");

        public override void WriteErrorLine(string value) => Append(value + "\n");

        public override void WriteDebugLine(string message)
        {
        }

        public override void WriteProgress(long sourceId, ProgressRecord record)
        {
        }

        public override void WriteVerboseLine(string message)
        {
        }

        public override void WriteWarningLine(string message)
        {
        }

        private void Append(string value)
        {
            lock (text)
            {
                text.Append(value);
            }
        }

        /// <summary>A console of 120 columns that never reads keys.</summary>
        private sealed class FixedRawUI : PSHostRawUserInterface
        {
            public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;

            public override Size BufferSize { get; set; } = new Size(120, 300);

            public override Coordinates CursorPosition { get; set; }

            public override int CursorSize { get; set; } = 1;

            public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;

            public override bool KeyAvailable => false;

            public override Size MaxPhysicalWindowSize => new Size(120, 300);

            public override Size MaxWindowSize => new Size(120, 300);

            public override Coordinates WindowPosition { get; set; }

            public override Size WindowSize { get; set; } = new Size(120, 50);

            public override string WindowTitle { get; set; } = "tests";

            public override void FlushInputBuffer()
            {
            }

            public override BufferCell[,] GetBufferContents(Rectangle rectangle) => new BufferCell[0, 0];

            public override KeyInfo ReadKey(ReadKeyOptions options) => throw new HostException("The test host cannot read keys.");

            public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill)
            {
            }

            public override void SetBufferContents(Coordinates origin, BufferCell[,] contents)
            {
            }

            public override void SetBufferContents(Rectangle rectangle, BufferCell fill)
            {
            }
        }
    }
}
