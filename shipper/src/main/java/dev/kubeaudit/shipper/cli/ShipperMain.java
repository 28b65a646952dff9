package dev.kubeaudit.shipper.cli;

import dev.kubeaudit.agent.cli.Main;

/**
 * {@code java -jar audit-shipper.jar [--config FILE] [--audit-log-path=…]}: the same as
 * {@code audit-agent ship …}. Stateless.
 */
public final class ShipperMain {
    private ShipperMain() {
    }

    public static void main(String[] args) {
        String[] all = new String[args.length + 1];
        all[0] = "ship";
        System.arraycopy(args, 0, all, 1, args.length);
        System.exit(Main.execute(all));
    }
}
