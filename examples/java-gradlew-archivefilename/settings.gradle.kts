rootProject.name = "reports"
