import Glibc
import VigieDaemon

exit(await VigieDaemonMain.run())
