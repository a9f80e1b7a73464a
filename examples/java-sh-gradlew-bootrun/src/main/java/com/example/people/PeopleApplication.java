package com.example.people;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@SpringBootApplication
@RestController
public class PeopleApplication {
  @GetMapping("/")
  public String hello() {
    return "people";
  }

  public static void main(String[] args) {
    SpringApplication.run(PeopleApplication.class, args);
  }
}
