package com.example.notify;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@SpringBootApplication
@RestController
public class NotifyApplication {

  @GetMapping("/")
  public String index() {
    return "notify\n";
  }

  public static void main(String[] args) {
    SpringApplication.run(NotifyApplication.class, args);
  }
}
