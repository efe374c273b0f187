<#
.SYNOPSIS
    Runs the Pester suite against the built module and exits non-zero when any test fails.
.DESCRIPTION
    `dotnet test CloudflareCni.sln` runs this through tests/Pester/CloudflareCni.PesterSuite.csproj, in the repo's own
    pwsh (the PowerShell dotnet tool pinned in .config/dotnet-tools.json), with Pester 5.9.1 restored from NuGet.
    It can be run by hand too:  dotnet pwsh tests/Pester/Invoke-PesterSuite.ps1 -PesterManifest <path to Pester.psd1>
    By default it runs tests/Pester and the worked example's tests in examples/ (examples/*.Tests.ps1).
    It prints the failures (each with its message and where it happened) and one line of counts, nothing else.
#>
param(
    [Parameter(Mandatory = $true)] [string] $PesterManifest,
    [string] $ModuleManifest,
    [string] $ResultFile,
    [string[]] $Path = @($PSScriptRoot, (Join-Path (Split-Path -Parent (Split-Path -Parent $PSScriptRoot)) 'examples'))
)

$ErrorActionPreference = 'Stop'
# Plain text: the output goes to a build log, where colour sequences are noise.
if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }
Import-Module -Name $PesterManifest -Force
if (-not $ModuleManifest) {
    # The module that `dotnet build` lays out; the example's tests import it through this variable too.
    $ModuleManifest = Join-Path (Split-Path -Parent (Split-Path -Parent $PSScriptRoot)) 'out/CloudflareCni/CloudflareCni.psd1'
}

$env:CLOUDFLARECNI_MODULE_PATH = $ModuleManifest

$configuration = New-PesterConfiguration
$configuration.Run.Path = $Path
$configuration.Run.PassThru = $true
# Pester itself prints nothing; the failures and the counts are printed below.
$configuration.Output.Verbosity = 'None'
if ($ResultFile) {
    $configuration.TestResult.Enabled = $true
    $configuration.TestResult.OutputFormat = 'NUnitXml'
    $configuration.TestResult.OutputPath = $ResultFile
}

function Write-PesterFailure {
    # One failure: what failed, then each error's message and the frames in the tests' own files (Pester's and this
    # script's frames are noise).
    param([string] $Title, [object[]] $ErrorRecords)

    Write-Host "[-] $Title"
    $pesterFolder = Split-Path -Parent $PesterManifest
    foreach ($record in @($ErrorRecords)) {
        foreach ($line in @("$($record.Exception.Message)" -split "`r?`n")) {
            Write-Host "    $line"
        }

        $frames = @("$($record.ScriptStackTrace)" -split "`r?`n" |
                Where-Object { $_ -and -not $_.Contains($pesterFolder) -and -not $_.Contains($PSCommandPath) -and -not $_.Contains('<No file>') })
        foreach ($frame in $frames) {
            Write-Host "    $frame"
        }
    }
}

$result = Invoke-Pester -Configuration $configuration
if ($null -eq $result) {
    Write-Host 'Pester returned no result.'
    exit 1
}

foreach ($container in @($result.FailedContainers)) {
    Write-PesterFailure -Title "$($container.Item) could not run" -ErrorRecords $container.ErrorRecord
}

foreach ($block in @($result.FailedBlocks)) {
    Write-PesterFailure -Title "$($block.ExpandedPath) (setup or teardown), in $($block.BlockContainer.Item)" -ErrorRecords $block.ErrorRecord
}

foreach ($test in @($result.Failed)) {
    if (@($test.ErrorRecord).Count -eq 0) {
        Write-Host "[-] $($test.ExpandedPath): not run, since its block failed (see above)"
        continue
    }

    Write-PesterFailure -Title $test.ExpandedPath -ErrorRecords $test.ErrorRecord
}

$verdict = if ($result.Result -eq 'Passed' -and $result.FailedCount -eq 0) { 'Passed!' } else { 'Failed!' }
Write-Host ('{0} - Failed: {1}, Passed: {2}, Skipped: {3}, Not run: {4}, Total: {5} - Pester {6}' -f
    $verdict, $result.FailedCount, $result.PassedCount, $result.SkippedCount, $result.NotRunCount, $result.TotalCount, (Get-Module Pester).Version)
if ($verdict -ne 'Passed!') { exit 1 }
exit 0
