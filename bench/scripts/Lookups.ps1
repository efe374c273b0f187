# Piped lookups: names into Get-CfInterconnectStatus (with its defaults, or -ThrottleLimit 1), or the same names
# through sequential Invoke-RestMethod calls. A few names go through first, untimed, to warm up the path.
param(
    [Parameter(Mandatory = $true)] [ValidateSet('module', 'module-throttle1', 'irm')] [string] $Variant,
    [Parameter(Mandatory = $true)] [string] $BaseUri,
    [Parameter(Mandatory = $true)] [string] $AccountId,
    [string] $ModuleManifest,
    [int] $Count = 200,
    [int] $WarmUp = 3,
    [string] $Token = 'bench-token'
)

. (Join-Path $PSScriptRoot 'Common.ps1')

$names = foreach ($i in 1..$Count) { 'icon-{0:D7}' -f $i }
$warm = foreach ($i in 1..$WarmUp) { 'warm-{0}' -f $i }
$headers = @{ Authorization = "Bearer $Token" }
$statusUri = "$BaseUri/accounts/$AccountId/cni/interconnects/{0}/status"

$work = switch ($Variant) {
    'module' { { param($in) ($in | Get-CfInterconnectStatus | Measure-Object).Count } }
    'module-throttle1' { { param($in) ($in | Get-CfInterconnectStatus -ThrottleLimit 1 | Measure-Object).Count } }
    'irm' { { param($in) ($in | ForEach-Object { Invoke-RestMethod -Uri ($statusUri -f $_) -Headers $headers } | Measure-Object).Count } }
}

if ($Variant -like 'module*') {
    Connect-BenchModule $ModuleManifest $BaseUri $AccountId $Token
}

$null = & $work $warm
$result = Measure-BenchBlock { & $work $names }
$result.Variant = $Variant
Write-BenchResult $result
