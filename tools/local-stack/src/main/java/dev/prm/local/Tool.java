package dev.prm.local;

/** How the command-line tools end: usage on --help (0), the reason of a refusal on stderr (2 for bad arguments, 1 else). */
final class Tool {

    interface Body {
        void run() throws Exception;
    }

    private Tool() {
    }

    static void run(Body body) {
        try {
            body.run();
        } catch (ToolArguments.UsageRequested usage) {
            System.out.println(usage.getMessage());
        } catch (IllegalArgumentException wrongArguments) {
            System.err.println(wrongArguments.getMessage());
            System.exit(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(1);
        } catch (Exception failed) {
            System.err.println(failed.getMessage());
            System.exit(1);
        }
    }
}
