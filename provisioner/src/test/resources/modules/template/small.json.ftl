{"a": ${app.port}}
