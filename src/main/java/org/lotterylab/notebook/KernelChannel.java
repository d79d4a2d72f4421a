package org.lotterylab.notebook;

import java.util.UUID;
import org.rapaio.jupyter.kernel.MainApp;
import org.rapaio.jupyter.kernel.display.DisplayData;

/**
 * The calls into the rapaio kernel behind {@link Cell}: a display ({@code display_data}) then
 * updates of it ({@code update_display_data}, same display id), which Jupyter front-ends and
 * nbclient apply in place. Loaded only in a kernel JVM (the kernel's classes are missing
 * elsewhere).
 */
final class KernelChannel {
    private KernelChannel() {
    }

    /** Whether the kernel's classes are here and its kernel object exists (the JVM runs it). */
    static boolean available() {
        try {
            return MainApp.kernel != null;
        } catch (LinkageError e) {
            return false;
        }
    }

    static Cell.LiveLine newLine() {
        String id = UUID.randomUUID().toString();
        return new Cell.LiveLine() {
            private boolean shown;

            @Override
            public synchronized void show(String text) {
                DisplayData dd = DisplayData.fromText(text);
                dd.setDisplayId(id);
                if (shown) {
                    MainApp.kernel.updateDisplay(dd);
                } else {
                    MainApp.kernel.display(dd);
                    shown = true;
                }
            }
        };
    }
}
