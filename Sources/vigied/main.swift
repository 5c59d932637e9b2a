import VigieDaemon

await VigieDaemonMain.run()
