package city.urbanops.localplatform;

/** Starts the whole platform on this machine. */
public final class LocalPlatform {

    public static void main(String[] args) {
        System.out.println("UrbanOps local platform: not assembled yet");
    }
}
