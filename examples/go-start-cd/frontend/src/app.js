document.title = "start-cd";
