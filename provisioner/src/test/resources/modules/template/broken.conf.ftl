port=${app.prot}
