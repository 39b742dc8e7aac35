# managed by jprov: ${app.name}
name=${app.name}
port=${app.port}
<#list app.users as u>
user.${u?index}=${u}
</#list>
