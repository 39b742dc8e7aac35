<#-- /etc/yum.repos.d/docker-ce.repo, as Docker ships it, with baseurl and gpgkey on
     docker.mirror (the folder holding linux/centos/) and a literal 7: $releasever is 7Server on
     RHEL, which does not exist in Docker's tree. docker-ce-test is enabled with channel: test. -->
<#assign mirror = docker.mirror?remove_ending("/")>
<#assign channel = (docker.channel)!"stable">
<#assign repo = repo_name!"docker-ce">
<#-- every value is written into an ini file: a newline (or any control character or space)
     would start a new key or section, so it is refused, whoever rendered this template -->
<#if mirror?matches(r".*[\s\x00-\x1f\x7f\u0085\u2028\u2029].*", "s")>
  <#stop "docker.mirror must not contain whitespace or control characters">
</#if>
<#if !repo?matches(r"[A-Za-z0-9_][A-Za-z0-9_.+@-]*")>
  <#stop "repo_name must be letters, digits and _ . + @ -">
</#if>
<#if channel != "stable" && channel != "test">
  <#stop "docker.channel must be stable or test, found '" + channel + "'">
</#if>
<#list ["stable", "test"] as ch>
<#assign title = ch?cap_first>
<#assign on = (ch == "stable" || channel == "test")?then(1, 0)>
[${repo}-${ch}]
name=Docker CE ${title} - $basearch
baseurl=${mirror}/linux/centos/7/$basearch/${ch}
enabled=${on}
gpgcheck=1
gpgkey=${mirror}/linux/centos/gpg

[${repo}-${ch}-debuginfo]
name=Docker CE ${title} - Debuginfo $basearch
baseurl=${mirror}/linux/centos/7/debug-$basearch/${ch}
enabled=0
gpgcheck=1
gpgkey=${mirror}/linux/centos/gpg

[${repo}-${ch}-source]
name=Docker CE ${title} - Sources
baseurl=${mirror}/linux/centos/7/source/${ch}
enabled=0
gpgcheck=1
gpgkey=${mirror}/linux/centos/gpg
<#sep>

</#list>
