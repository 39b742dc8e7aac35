port=${app.port}
os=${facts.os.id}
