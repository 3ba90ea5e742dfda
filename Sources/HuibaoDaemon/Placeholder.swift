public enum HuibaoDaemonPlaceholder {}
