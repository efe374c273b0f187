# A sweep of status lookups under a rate budget: names piped into Get-CfInterconnectStatus from one runspace, or from
# two runspaces of the process at once (half each, one credential, so one budget). No credential check, and no warm-up
# unless -WarmUp says so, so that the server's budget is whole when the sweep starts: what it allows is then known
# exactly. (A sweep on a fresh budget of Cloudflare's figures, compared with an earlier build, warms up as Lookups.ps1
# does, so that neither build's first JIT compilation is timed.) Fails unless every result arrives, in input order.
param(
    [Parameter(Mandatory = $true)] [ValidateSet('one', 'two')] [string] $Variant,
    [Parameter(Mandatory = $true)] [string] $BaseUri,
    [Parameter(Mandatory = $true)] [string] $AccountId,
    [Parameter(Mandatory = $true)] [string] $ModuleManifest,
    [int] $Count = 150,
    [int] $WarmUp = 0,
    [string] $Token = 'bench-token'
)

. (Join-Path $PSScriptRoot 'Common.ps1')

$names = foreach ($i in 1..$Count) { 'icon-{0:D7}' -f $i }
Import-Module -Name $ModuleManifest
$null = Connect-CfAccount -ApiToken (Get-BenchSecureToken $Token) -BaseUri $BaseUri -AccountId $AccountId -SkipCredentialCheck
if ($WarmUp -gt 0) {
    $null = 1..$WarmUp | ForEach-Object { 'warm-{0}' -f $_ } | Get-CfInterconnectStatus
}

$result = Measure-BenchBlock {
    if ($Variant -eq 'one') {
        $got = @($names | Get-CfInterconnectStatus | ForEach-Object Name)
    }
    else {
        $half = [int][math]::Ceiling($Count / 2)
        $parts = @(0, 1 | ForEach-Object -ThrottleLimit 2 -Parallel {
                Import-Module -Name $using:ModuleManifest
                $mine = @($using:names)[($_ * $using:half)..([math]::Min($using:Count, ($_ + 1) * $using:half) - 1)]
                [pscustomobject]@{ Part = $_; Names = @($mine | Get-CfInterconnectStatus | ForEach-Object Name) }
            })
        $got = @($parts | Sort-Object Part | ForEach-Object { $_.Names })
    }

    if (($got -join ',') -cne ($names -join ',')) {
        throw "The sweep wrote $($got.Count) results, or not in input order."
    }

    $got.Count
}

$result.Variant = $Variant
Write-BenchResult $result
