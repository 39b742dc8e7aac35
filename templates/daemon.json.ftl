<#-- /etc/docker/daemon.json: registry mirrors, json-file log rotation, then docker.daemon keys
     (which win over the defaults). Pretty, stable JSON: keys keep their YAML order. -->
<#function json v ind>
  <#if v?is_boolean><#return v?c></#if>
  <#if v?is_number><#return v?c></#if>
  <#if v?is_string><#return '"' + v?json_string + '"'></#if>
  <#if v?is_sequence>
    <#if v?size == 0><#return "[]"></#if>
    <#local out = "[\n">
    <#list v as item>
      <#if !(item??)><#stop "daemon.json: a list item is empty (null)"></#if>
      <#local out = out + ind + "  " + json(item, ind + "  ") + item?has_next?then(",", "") + "\n">
    </#list>
    <#return out + ind + "]">
  </#if>
  <#if v?is_hash_ex>
    <#if v?keys?size == 0><#return "{}"></#if>
    <#local out = "{\n">
    <#local keys = v?keys>
    <#list keys as k>
      <#if !(v[k]??)><#stop "daemon.json: the value of '" + k + "' is empty (null); give a value or remove the key"></#if>
      <#local out = out + ind + '  "' + k?json_string + '": ' + json(v[k], ind + "  ") + k?has_next?then(",", "") + "\n">
    </#list>
    <#return out + ind + "}">
  </#if>
  <#stop "daemon.json: a value is neither text, number, boolean, list nor map">
</#function>
<#assign config = {}>
<#assign mirrors = (docker.registry_mirrors)![]>
<#if mirrors?size gt 0>
  <#assign config = {"registry-mirrors": mirrors}>
</#if>
<#assign config = config + {"log-driver": "json-file", "log-opts": {"max-size": "100m", "max-file": "3"}}>
<#assign config = config + (docker.daemon)!{}>
${json(config, "")}
