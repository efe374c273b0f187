# Peak resident set of one pwsh process listing $Small items and then $Large items through the module into
# Measure-Object, with the cmdlet's defaults. No garbage collection is forced; the kernel's VmHWM is read after each.
param(
    [Parameter(Mandatory = $true)] [string] $BaseUri,
    [Parameter(Mandatory = $true)] [string] $ModuleManifest,
    [int] $Small = 10000,
    [int] $Large = 1000000,
    [Parameter(Mandatory = $true)] [string] $SmallAccount,
    [Parameter(Mandatory = $true)] [string] $LargeAccount,
    [string] $Token = 'bench-token'
)

. (Join-Path $PSScriptRoot 'Common.ps1')

Connect-BenchModule $ModuleManifest $BaseUri $SmallAccount $Token
$start = Get-BenchMemory
$smallRun = Measure-BenchBlock { (Get-CfInterconnect -AccountId $SmallAccount | Measure-Object).Count }
$largeRun = Measure-BenchBlock { (Get-CfInterconnect -AccountId $LargeAccount | Measure-Object).Count }
Write-BenchResult ([ordered]@{
    StartPeakRss = $start.PeakRss
    StartRss     = $start.Rss
    Small        = $smallRun
    Large        = $largeRun
})
