package city.urbanops.registry;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Entry point of the device-registry-service. */
@SpringBootApplication
public class DeviceRegistryApplication {

    public static void main(String[] args) {
        SpringApplication.run(DeviceRegistryApplication.class, args);
    }
}
