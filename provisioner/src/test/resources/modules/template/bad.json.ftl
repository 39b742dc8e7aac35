{"registry-mirrors": [${mirrors}],}
