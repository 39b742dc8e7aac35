<#-- /etc/yum.repos.d/docker-ce.repo, as Docker ships it, with baseurl and gpgkey on
     docker.mirror (the folder holding linux/centos/ and linux/rhel/) and the major version
     written literally: $releasever is 7Server, 8Server or 9.4 on some hosts, none of which exists
     in Docker's tree. major (default 7) and distro_path (centos, or rhel for RHEL 8/9: Docker's
     own tree for RHEL, same layout) come from the host's platform. docker-ce-test is enabled
     with channel: test. -->
<#assign mirror = docker.mirror?remove_ending("/")>
<#assign major = (major)!"7">
<#assign tree = (distro_path)!"centos">
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
<#if !major?matches(r"[0-9]+")>
  <#stop "major must be a major version number, found '" + major + "'">
</#if>
<#if tree != "centos" && tree != "rhel">
  <#stop "distro_path must be centos or rhel, found '" + tree + "'">
</#if>
<#if channel != "stable" && channel != "test">
  <#stop "docker.channel must be stable or test, found '" + channel + "'">
</#if>
<#list ["stable", "test"] as ch>
<#assign title = ch?cap_first>
<#assign on = (ch == "stable" || channel == "test")?then(1, 0)>
[${repo}-${ch}]
name=Docker CE ${title} - $basearch
baseurl=${mirror}/linux/${tree}/${major}/$basearch/${ch}
enabled=${on}
gpgcheck=1
gpgkey=${mirror}/linux/${tree}/gpg

[${repo}-${ch}-debuginfo]
name=Docker CE ${title} - Debuginfo $basearch
baseurl=${mirror}/linux/${tree}/${major}/debug-$basearch/${ch}
enabled=0
gpgcheck=1
gpgkey=${mirror}/linux/${tree}/gpg

[${repo}-${ch}-source]
name=Docker CE ${title} - Sources
baseurl=${mirror}/linux/${tree}/${major}/source/${ch}
enabled=0
gpgcheck=1
gpgkey=${mirror}/linux/${tree}/gpg
<#sep>

</#list>
