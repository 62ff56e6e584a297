package city.urbanops.operatorapi.live;

/**
 * One event on the live stream: {@code sequence} is this instance's, increasing by one per event (the SSE id);
 * {@code department}/{@code district} decide who may see it (null for a gateway, which only city-wide users see);
 * {@code data} is the JSON sent.
 *
 * @param name SSE event name: {@code alert} or {@code gateway}
 */
public record LiveEvent(long sequence, String name, String department, String district, String data) {
}
