package com.example.notes;

import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@SpringBootApplication
@RestController
public class NotesApplication {

  // Read from ./config/application.properties in the working folder.
  @Value("${notes.title}")
  private String title;

  @GetMapping("/")
  public Map<String, String> index() {
    return Map.of("title", title);
  }

  public static void main(String[] args) {
    SpringApplication.run(NotesApplication.class, args);
  }
}
