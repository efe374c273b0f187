# Error-path tests against the sandbox, as a Pester file of them runs (issue 15, point 5): each test connects a fresh
# sandbox, queues faults, runs a command, and checks what it got and what was sent, with the module's own retry
# settings (3 retries, back-off from 0.5 s, Retry-After). 'clock' runs the sandbox on its own clock (the default: the
# waits between attempts are skipped); 'realtime' connects with -SandboxRealTime (the waits are real, as before the
# clock). Throws on any unexpected outcome; the result's count is the number of tests run.
param(
    [Parameter(Mandatory = $true)] [ValidateSet('clock', 'realtime')] [string] $Variant,
    [Parameter(Mandatory = $true)] [string] $ModuleManifest
)

. (Join-Path $PSScriptRoot 'Common.ps1')

Import-Module -Name $ModuleManifest
$connect = @{ Sandbox = $true; WarningAction = 'SilentlyContinue' }
if ($Variant -eq 'realtime') {
    $connect['SandboxRealTime'] = $true
}

function Assert-Bench([bool] $Condition, [string] $What) {
    if (-not $Condition) { throw "faults/${Variant}: $What" }
}

function Get-BenchErrorId([scriptblock] $Command) {
    # The error id of a command's first error, terminating or not ($ErrorActionPreference is Stop here).
    try {
        $null = & $Command
    }
    catch {
        return $_.FullyQualifiedErrorId
    }

    ''
}

function Get-BenchStatusCodes {
    (Get-CfSandboxRequest | ForEach-Object { $_.StatusCode }) -join ','
}

$tests = @(
    {
        Add-CfSandboxFault TooManyRequests -Count 4
        Assert-Bench ((Get-BenchErrorId { Get-CfCniSlot }) -like 'CfApi.RateLimited,*') '429 until the retries are spent'
        Assert-Bench ((Get-BenchStatusCodes) -eq '429,429,429,429') 'four 429s sent'
    }
    {
        Add-CfSandboxFault TooManyRequests -Count 2
        Assert-Bench (@(Get-CfCniSlot).Count -gt 0) 'a 429 burst ridden out'
        Assert-Bench ((Get-BenchStatusCodes) -eq '429,429,200') '429,429,200'
    }
    {
        Add-CfSandboxFault TooManyRequests -RetryAfterSec 2
        Assert-Bench (@(Get-CfCniSlot).Count -gt 0) 'a 429 with Retry-After 2 ridden out'
    }
    {
        Add-CfSandboxFault ServerError -Count 4
        Assert-Bench ((Get-BenchErrorId { Get-CfCniSetting }) -like 'CfApi.ServerError,*') '503 until the retries are spent'
        Assert-Bench ((Get-BenchStatusCodes) -eq '503,503,503,503') 'four 503s sent'
    }
    {
        Add-CfSandboxFault ServerError -StatusCode 502 -Count 4
        Assert-Bench ((Get-BenchErrorId { Get-CfCniSetting }) -like 'CfApi.ServerError,*') '502 until the retries are spent'
    }
    {
        Add-CfSandboxFault ServerError -Count 2
        Assert-Bench ($null -ne (Get-CfCniSetting)) 'two 5xx ridden out'
        Assert-Bench ((Get-BenchStatusCodes) -eq '503,503,200') '503,503,200'
    }
    {
        Add-CfSandboxFault ConnectionReset -Count 4
        Assert-Bench ((Get-BenchErrorId { Get-CfCniSetting }) -like 'CfApi.ConnectionFailed,*') 'connection reset until the retries are spent'
    }
    {
        Add-CfSandboxFault ConnectionReset -Count 1
        Assert-Bench ($null -ne (Get-CfCniSetting)) 'one connection reset ridden out'
    }
    {
        Add-CfSandboxFault Unauthorized
        Assert-Bench ((Get-BenchErrorId { Get-CfCniSetting }) -like 'CfApi.AuthenticationFailed,*') '401 is final'
        Assert-Bench ((Get-BenchStatusCodes) -eq '401') 'one 401 sent'
    }
    {
        Add-CfSandboxFault Forbidden
        Assert-Bench ((Get-BenchErrorId { Get-CfCniSetting }) -like 'CfApi.PermissionDenied,*') '403 is final'
    }
    {
        Add-CfSandboxFault ServerError -Path '*/status' -Count 4
        Assert-Bench ((Get-BenchErrorId { Get-CfInterconnectStatus -Name 'icon-bench' }) -like 'CfApi.ServerError,*') 'a status lookup failing'
    }
    {
        $null = Connect-CfAccount @connect -TimeoutSec 1 -MaximumRetryCount 0
        Add-CfSandboxFault Stall
        Assert-Bench ((Get-BenchErrorId { Get-CfCniSetting }) -like 'CfApi.Timeout,*') 'a stall times out'
    }
)

$result = Measure-BenchBlock {
    foreach ($test in $tests) {
        $null = Connect-CfAccount @connect
        & $test
    }

    $tests.Count
}

$result.Variant = $Variant
Write-BenchResult $result
