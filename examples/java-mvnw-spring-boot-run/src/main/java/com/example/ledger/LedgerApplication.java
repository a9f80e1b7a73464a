package com.example.ledger;

import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@SpringBootApplication
@RestController
public class LedgerApplication {

  @Value("${ledger.currency}")
  private String currency;

  @GetMapping("/balance")
  public Map<String, Object> balance() {
    return Map.of("currency", currency, "amount", 0);
  }

  public static void main(String[] args) {
    SpringApplication.run(LedgerApplication.class, args);
  }
}
