<#-- /etc/systemd/system/docker.service.d/http-proxy.conf: dockerd's proxy (pulls, registry
     mirrors) from docker.http_proxy / https_proxy / no_proxy (a string or a list). % is a systemd
     specifier, so it is doubled. -->
<#function unit v><#return v?replace('%', '%%')?replace('"', '\\"')></#function>
<#assign np = (docker.no_proxy)!''><#if np?is_sequence><#assign np = np?join(',')></#if>
# Managed by jprov (docker.http_proxy, docker.https_proxy, docker.no_proxy)
[Service]
<#if (docker.http_proxy!'') != ''>
Environment="HTTP_PROXY=${unit(docker.http_proxy)}"
</#if>
<#if (docker.https_proxy!'') != ''>
Environment="HTTPS_PROXY=${unit(docker.https_proxy)}"
</#if>
<#if np != ''>
Environment="NO_PROXY=${unit(np)}"
</#if>
