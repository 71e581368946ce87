public enum StanceDomainPlaceholder {}
