rootProject.name = "people"
