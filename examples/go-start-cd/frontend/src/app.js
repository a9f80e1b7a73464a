document.title = 'start-cd';
