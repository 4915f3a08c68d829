"""Facts about the seeded content (content/*.json) that several tests check."""

SEEDED_ROLE_SLUGS = frozenset(
    {
        "product-manager-ia",
        "product-owner-ia",
        "controleur-performances-ia",
        "chief-ai-officer",
        "ingenieur-machine-learning",
        "chercheur-ia",
        "architecte-big-data",
        "data-scientist",
        "ingenieur-robotique-vision",
        "specialiste-ethique-ia",
    }
)
