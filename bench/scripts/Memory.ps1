# Peak resident set of one pwsh process listing $Small items and then $Large items through the module into
# Measure-Object, with the cmdlet's defaults. No garbage collection is forced; the kernel's VmHWM is read after each.
param(
    [Parameter(Mandatory = $true)] [string] $BaseUri,
    [Parameter(Mandatory = $true)] [string] $ModuleManifest,
    [int] $Small = 10000,
    [int] $Large = 1000000,
    [string] $Token = 'bench-token'
)

. (Join-Path $PSScriptRoot 'Common.ps1')

# The stand-in's account that holds N items: N zero-padded to the 32 digits of an account id.
$smallAccount = '{0:D32}' -f $Small
$largeAccount = '{0:D32}' -f $Large
Connect-BenchModule $ModuleManifest $BaseUri $smallAccount $Token
$start = Get-BenchMemory
$smallRun = Measure-BenchBlock { (Get-CfInterconnect -AccountId $smallAccount | Measure-Object).Count }
$largeRun = Measure-BenchBlock { (Get-CfInterconnect -AccountId $largeAccount | Measure-Object).Count }
Write-BenchResult ([ordered]@{
    StartPeakRss = $start.PeakRss
    StartRss     = $start.Rss
    Small        = $smallRun
    Large        = $largeRun
})
