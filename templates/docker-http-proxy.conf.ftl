<#-- /etc/systemd/system/docker.service.d/http-proxy.conf: dockerd's proxy (pulls, registry
     mirrors) from docker.http_proxy / https_proxy / no_proxy (a string or a list). Each value is
     one double-quoted systemd word: \ and " are escaped (systemd reads C escapes there) and % is
     doubled (a specifier). Whitespace and control characters are refused: a newline would start a
     new directive of the unit, such as ExecStartPre= run as root. -->
<#function unit name v>
  <#if v?matches(r".*[\s\x00-\x1f\x7f\u0085\u00a0\u2028\u2029].*", "s")>
    <#stop name + ": a proxy value must not contain whitespace or control characters">
  </#if>
  <#return v?replace('\\', '\\\\')?replace('"', '\\"')?replace('%', '%%')>
</#function>
<#assign np = (docker.no_proxy)!''><#if np?is_sequence><#assign np = np?join(',')></#if>
# Managed by jprov (docker.http_proxy, docker.https_proxy, docker.no_proxy)
[Service]
<#if (docker.http_proxy!'') != ''>
Environment="HTTP_PROXY=${unit('docker.http_proxy', docker.http_proxy)}"
</#if>
<#if (docker.https_proxy!'') != ''>
Environment="HTTPS_PROXY=${unit('docker.https_proxy', docker.https_proxy)}"
</#if>
<#if np != ''>
Environment="NO_PROXY=${unit('docker.no_proxy', np)}"
</#if>
