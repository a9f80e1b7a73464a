package com.example.orders;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@SpringBootApplication
@RestController
public class OrdersApplication {

  @GetMapping("/orders/count")
  public int count() {
    return 0;
  }

  public static void main(String[] args) {
    SpringApplication.run(OrdersApplication.class, args);
  }
}
