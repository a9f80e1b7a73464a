package com.example.reports;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@SpringBootApplication
@RestController
public class ReportsApplication {

  @GetMapping("/")
  public String index() {
    return "reports\n";
  }

  public static void main(String[] args) {
    SpringApplication.run(ReportsApplication.class, args);
  }
}
