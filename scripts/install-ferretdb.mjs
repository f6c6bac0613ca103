console.log('ferretdb install: placeholder during bootstrap');
