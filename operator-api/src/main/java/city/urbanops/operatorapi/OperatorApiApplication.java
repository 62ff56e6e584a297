package city.urbanops.operatorapi;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Entry point of the operator-api. */
@SpringBootApplication
public class OperatorApiApplication {

    public static void main(String[] args) {
        SpringApplication.run(OperatorApiApplication.class, args);
    }
}
