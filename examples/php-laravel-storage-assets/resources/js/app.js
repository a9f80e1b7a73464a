console.log('notes');
