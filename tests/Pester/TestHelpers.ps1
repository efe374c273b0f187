# Shared setup of the CloudflareCni Pester suite. Every *.Tests.ps1 file dot-sources it from its top-level BeforeAll:
#
#     BeforeAll { . (Join-Path $PSScriptRoot 'TestHelpers.ps1') }
#
# It imports the BUILT module: $env:CLOUDFLARECNI_MODULE_PATH (the manifest, or the folder holding it) when set,
# else <repo>/out/CloudflareCni/CloudflareCni.psd1, which 'dotnet build' lays out. Its name does not end in
# .Tests.ps1, so Invoke-Pester does not run it as a test file.

function Resolve-CfTestModuleManifest {
    param([Parameter(Mandatory = $true)] [string] $TestsFolder)

    $candidate = $env:CLOUDFLARECNI_MODULE_PATH
    if ([string]::IsNullOrWhiteSpace($candidate)) {
        $repoRoot = Split-Path -Parent (Split-Path -Parent $TestsFolder)
        $candidate = Join-Path (Join-Path (Join-Path $repoRoot 'out') 'CloudflareCni') 'CloudflareCni.psd1'
    }
    elseif (Test-Path -LiteralPath $candidate -PathType Container) {
        $candidate = Join-Path $candidate 'CloudflareCni.psd1'
    }

    if (-not (Test-Path -LiteralPath $candidate -PathType Leaf)) {
        throw "The built CloudflareCni module was not found at '$candidate'. Run 'dotnet build' (or ./build.ps1) first, or set CLOUDFLARECNI_MODULE_PATH to the module's manifest."
    }

    (Resolve-Path -LiteralPath $candidate).ProviderPath
}

$CfModuleManifest = Resolve-CfTestModuleManifest -TestsFolder $PSScriptRoot
$CfModuleFolder = Split-Path -Parent $CfModuleManifest

# The account a sandbox connection uses by default, as docs/Connect-CfAccount.md states it (the tests check the
# documented value).
$CfSandboxAccountId = '0a1b2c3d4e5f60718293a4b5c6d7e8f9'

# Other accounts of the tests. Account ids are 32 hexadecimal characters, as Cloudflare issues them; the cmdlets refuse
# anything else.
$CfOtherAccountId = '9f8e7d6c5b4a39281706f5e4d3c2b1a0'
$CfThirdAccountId = 'a0a1a2a3a4a5a6a7a8a9aaabacadaeaf'
$CfEnvAccountId = 'e0e1e2e3e4e5e6e7e8e9eaebecedeeef'

Import-Module -Name $CfModuleManifest -Force -ErrorAction Stop

function Save-CfTestEnvironment {
    # Removes the CLOUDFLARE_* variables (and, with -IncludeProxy, the proxy variables) so that they cannot change
    # what the cmdlets connect to, and returns their values for Restore-CfTestEnvironment.
    param([switch] $IncludeProxy)

    $proxyNames = @('HTTPS_PROXY', 'HTTP_PROXY', 'ALL_PROXY', 'NO_PROXY')
    # Case-sensitive keys: on Linux, https_proxy and HTTPS_PROXY are two variables.
    $saved = New-Object -TypeName System.Collections.Hashtable -ArgumentList ([System.StringComparer]::Ordinal)
    foreach ($item in @(Get-ChildItem -Path Env:)) {
        $isCloudflare = $item.Name -like 'CLOUDFLARE_*'
        $isProxy = $IncludeProxy -and ($proxyNames -contains $item.Name.ToUpperInvariant())
        if ($isCloudflare -or $isProxy) {
            $saved[$item.Name] = $item.Value
            Remove-Item -LiteralPath ('Env:' + $item.Name)
        }
    }

    $saved
}

function Restore-CfTestEnvironment {
    # Removes the CLOUDFLARE_* variables a test set, then puts back the saved ones.
    param([System.Collections.IDictionary] $Saved)

    foreach ($item in @(Get-ChildItem -Path Env:)) {
        if ($item.Name -like 'CLOUDFLARE_*') {
            Remove-Item -LiteralPath ('Env:' + $item.Name)
        }
    }

    if ($null -ne $Saved) {
        foreach ($name in @($Saved.Keys)) {
            Set-Item -LiteralPath ('Env:' + $name) -Value $Saved[$name]
        }
    }
}

function Connect-CfTestSandbox {
    # A fresh in-process emulator holding the 12 slots of the sample and nothing else (no interconnects, CNIs or
    # tunnels), so that each test makes the estate it checks. Its output (the context) is dropped.
    param([string] $AccountId)

    $arguments = @{ Sandbox = $true; SandboxData = (Join-Path $PSScriptRoot 'fixtures/sample-slots.json'); WarningAction = 'SilentlyContinue' }
    if (-not [string]::IsNullOrEmpty($AccountId)) {
        $arguments['AccountId'] = $AccountId
    }

    $null = Connect-CfAccount @arguments
}

function New-CfTestPhysicalInterconnect {
    # A physical interconnect on the first free slot of the connected sandbox.
    param([string] $Type = 'direct')

    $slot = @(Get-CfCniSlot -Occupied:$false -First 1)
    if ($slot.Count -eq 0) {
        throw 'The sandbox has no free slot left.'
    }

    New-CfInterconnect -SlotId $slot[0].Id -Type $Type
}

function New-CfTestGcpInterconnect {
    # A GCP partner interconnect; the sandbox takes the region from the pairing key (<uuid>/<region>/<1 or 2>).
    param([string] $Region = 'us-central1', [string] $Bandwidth = '1G')

    New-CfInterconnect -Bandwidth $Bandwidth -PairingKey ('{0}/{1}/1' -f [guid]::NewGuid(), $Region)
}

function ConvertTo-CfTestText {
    # Formats the piped objects as the console would (their default view), as one string without the ANSI colour
    # sequences that PowerShell 7.2+ may put around table headers and list labels.
    param([Parameter(ValueFromPipeline = $true)] [object] $InputObject)

    begin {
        $items = New-Object -TypeName System.Collections.Generic.List[object]
    }

    process {
        $items.Add($InputObject)
    }

    end {
        $escape = [string][char]27
        ($items | Out-String -Width 300) -replace ($escape + '\[[0-9;?]*[ -/]*[@-~]'), ''
    }
}

function Get-CfTestVerboseMessage {
    # The messages of the VerboseRecords among redirected output (4>&1).
    param([object[]] $Records)

    @($Records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object { $_.Message })
}

function Get-CfTestObjectOutput {
    # The output objects among redirected output, without the stream records.
    param([object[]] $Records)

    @($Records | Where-Object {
            $null -ne $_ -and
            -not ($_ -is [System.Management.Automation.VerboseRecord] -or
                $_ -is [System.Management.Automation.DebugRecord] -or
                $_ -is [System.Management.Automation.WarningRecord] -or
                $_ -is [System.Management.Automation.InformationRecord] -or
                $_ -is [System.Management.Automation.ErrorRecord])
        })
}

function Invoke-CfTestWhatIf {
    # Runs a -WhatIf call in a runspace without a host (Invoke-CfTestInNewRunspace), where its "What if:" line goes
    # nowhere instead of into the test command's output; the xunit host tests check that line's text. Returns what
    # the call wrote (its verbose records too, with 4>&1 in the script block), and throws on any error.
    param(
        [Parameter(Mandatory = $true)] [scriptblock] $ScriptBlock,
        [object[]] $ArgumentList = @()
    )

    $result = Invoke-CfTestInNewRunspace -ScriptBlock $ScriptBlock -ArgumentList $ArgumentList
    if ($null -ne $result.Exception) {
        throw $result.Exception
    }

    if ($result.Errors.Count -gt 0) {
        throw "The -WhatIf call wrote $($result.Errors.Count) error(s): $($result.Errors[0])"
    }

    $result.Output
}

function Invoke-CfTestInNewRunspace {
    # Runs a script block in a new runspace of this process, whose host cannot prompt (like a runbook, or any
    # [powershell]::Create() call): there a confirmation prompt becomes an error instead of waiting for a key.
    # A runspace that never connected uses the session's default connection, so the script block uses the sandbox
    # connected here.
    # Returns the output, the error records and the exception that ended the script block, if any.
    param(
        [Parameter(Mandatory = $true)] [scriptblock] $ScriptBlock,
        [object[]] $ArgumentList = @()
    )

    $manifest = Join-Path (Get-Module -Name CloudflareCni | Select-Object -First 1).ModuleBase 'CloudflareCni.psd1'
    $shell = [powershell]::Create()
    try {
        $null = $shell.AddCommand('Import-Module').AddParameter('Name', $manifest).AddParameter('ErrorAction', 'Stop')
        $null = $shell.Invoke()
        if ($shell.HadErrors) {
            throw "Importing the module into a new runspace failed: $($shell.Streams.Error | Out-String)"
        }

        $shell.Commands.Clear()
        $shell.Streams.ClearStreams()
        $null = $shell.AddScript($ScriptBlock.ToString())
        foreach ($argument in $ArgumentList) {
            $null = $shell.AddArgument($argument)
        }

        $output = @()
        $exception = $null
        try {
            $output = @($shell.Invoke())
        }
        catch {
            $exception = $_.Exception
        }

        [pscustomobject]@{
            Output    = $output
            Errors    = @($shell.Streams.Error)
            Exception = $exception
        }
    }
    finally {
        $shell.Dispose()
    }
}
