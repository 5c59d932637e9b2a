import Testing

@testable import VigieFormats

/// Each sample of Tests/Fixtures/wire read field by field.
@Suite struct SampleTests {
    @Test func newsMLMessageWithTwoTextItemsAndAPackage() throws {
        let document = try WireFixtures.document("newsml-g2-message.xml")
        #expect(document.format == .newsmlG2)
        #expect(document.rejected.isEmpty)
        // The packageItem is skipped, not refused.
        try #require(document.items.count == 2)
        let paris = document.items[0]
        #expect(paris.headline == "Le président condamne l'attaque contre une préfecture du Nord")
        #expect(paris.story == "urn:newsml:vigie.example:20230919:POL-PARIS-001")
        #expect(paris.version == 3)
        #expect(paris.published == "2023-09-19")
        #expect(paris.dateline == "Paris")
        #expect(paris.language == "fr")
        #expect(paris.provider == "Agence France Express")
        #expect(
            paris.paragraphs == [
                "PARIS, 19 septembre (AFX) - Le président de la République a condamné mardi « avec la plus grande "
                    + "fermeté » l'attaque menée dans la nuit contre la préfecture de Lille, où des engins incendiaires "
                    + "ont été lancés contre la façade.",
                "Le ministre de l'Intérieur s'est rendu sur place dans la matinée & a annoncé l'ouverture d'une "
                    + "enquête pour « dégradations en bande organisée ».",
                "Trois personnes ont été interpellées, selon une source policière.",
            ])
        #expect(paris.text.hasPrefix("Le président condamne l'attaque contre une préfecture du Nord\n\nPARIS, 19 "))
        #expect(!paris.text.contains("Attaque contre une préfecture"), "the XHTML title is not body text")

        let bamako = document.items[1]
        #expect(bamako.headline == "Mali : au moins cinq morts dans une offensive contre un camp militaire")
        #expect(bamako.version == 2)
        #expect(bamako.published == "2023-09-18")
        #expect(bamako.dateline == "Bamako")
        #expect(bamako.language == "fr-FR")
        #expect(bamako.provider == "Agence France Express")
        #expect(bamako.paragraphs.count == 2)
        #expect(
            bamako.paragraphs.last
                == "Les assaillants ont été repoussés après plusieurs heures de combats, selon la même source.")
    }

    @Test func newsMLLoneItemWithInlineData() throws {
        let document = try WireFixtures.document("newsml-g2-item.xml")
        #expect(document.format == .newsmlG2)
        let item = try #require(document.items.first)
        #expect(document.items.count == 1)
        #expect(item.headline == "Arrestation d'un ancien ministre à Kinshasa")
        #expect(item.story == "tag:vigie.example,2023:newsml_MDK0042")
        #expect(item.version == 1)
        #expect(item.published == "2023-10-02")
        #expect(item.dateline == "KINSHASA")
        #expect(item.language == "fr")
        #expect(item.provider == "Agence Rhône Express")
        // No blank line in the text: each line is a paragraph.
        try #require(item.paragraphs.count == 3)
        #expect(
            item.paragraphs[0].hasPrefix("KINSHASA, 2 octobre (REX) - Un ancien ministre de la Défense a été arrêté"))
        #expect(item.paragraphs[2] == "Le gouvernement n'a pas commenté.")
    }

    @Test func nitfArticle() throws {
        let document = try WireFixtures.document("nitf-article.xml")
        #expect(document.format == .nitf)
        let item = try #require(document.items.first)
        #expect(item.headline == "Des milliers de manifestants à Tunis contre la vie chère", "hl1 before the title")
        #expect(item.story == "VIG-20231105-TUN-0311")
        #expect(item.version == 2)
        #expect(item.published == "2023-11-05")
        #expect(item.dateline == "Tunis")
        #expect(item.language == "fr")
        #expect(item.provider == "Vigie Presse")
        try #require(item.paragraphs.count == 3, "the paragraph in a block counts, the media caption does not")
        #expect(item.paragraphs[0].contains("la hausse des prix & les pénuries"))
        #expect(item.paragraphs[1].contains("devant le Parlement ; une dizaine de personnes ont été arrêtées"))
        #expect(!item.text.contains("Des manifestants devant le Parlement, à Tunis."))
    }

    @Test func ninjs2WithHTMLBody() throws {
        let document = try WireFixtures.document("ninjs-2.0.json")
        #expect(document.format == .ninjs)
        let item = try #require(document.items.first)
        #expect(item.headline == "Ukraine : au moins cinq morts dans des frappes russes sur Kiev")
        #expect(item.story == "https://vigie.example/ninjs/2023/12/01/ukr-kyiv-0187")
        #expect(item.version == 4)
        #expect(item.published == "2023-12-01")
        #expect(item.dateline == "Kiev")
        #expect(item.language == "fr")
        #expect(item.provider == "Vigie Presse")
        try #require(item.paragraphs.count == 3, "the figure caption is not a paragraph")
        #expect(
            item.paragraphs[0]
                == "KIEV, 1er décembre (VIG) - Au moins cinq personnes ont été tuées vendredi dans des frappes de "
                + "missiles russes sur Kiev, a annoncé le maire de la capitale ukrainienne.")
        #expect(item.paragraphs[1].contains("a dénoncé une « terreur délibérée » et appelé"))
        #expect(!item.text.contains("\u{A0}"))
    }

    @Test func ninjs1WithTextBodyAndAssociations() throws {
        let document = try WireFixtures.document("ninjs-1.x.json")
        #expect(document.format == .ninjs)
        #expect(document.items.count == 1, "associations are not items")
        let item = try #require(document.items.first)
        #expect(item.headline == "Sénégal : un opposant arrêté à la veille d'une manifestation interdite")
        #expect(item.story == "urn:vigie.example:ninjs:2022:senegal-opposant-0093")
        #expect(item.version == 2)
        #expect(item.published == "2022-06-17")
        #expect(item.dateline == "Dakar")
        #expect(item.language == "fr-FR")
        #expect(item.provider == "Agence Vigie")
        try #require(item.paragraphs.count == 3)
        #expect(
            item.paragraphs[2]
                == "Le ministre de l'Intérieur a justifié l'interdiction par des « risques de troubles à l'ordre public »."
        )
        #expect(!item.text.contains("Légende"))
    }

    @Test func htmlArticlePageWithoutItsFurniture() throws {
        let document = try WireFixtures.document("article.html")
        #expect(document.format == .html)
        let item = try #require(document.items.first)
        #expect(item.headline == "Liban : le Parlement échoue pour la douzième fois à élire un président", "og:title")
        #expect(item.published == "2023-06-14", "article:published_time")
        #expect(item.language == "fr-FR")
        #expect(item.dateline == nil)
        #expect(
            item.paragraphs == [
                "BEYROUTH, 14 juin (VIG) - Le Parlement libanais a échoué mercredi pour la douzième fois à élire un "
                    + "président de la République, faute de quorum au second tour, prolongeant une vacance du pouvoir "
                    + "qui dure depuis huit mois.",
                "Le candidat soutenu par le Hezbollah & ses alliés a obtenu 51 voix, contre 59 pour l'ancien ministre "
                    + "des Finances, sans qu'aucun n'atteigne la majorité requise.",
                "Les députés du camp chiite ont quitté l'hémicycle avant le second tour, a constaté un journaliste de "
                    + "l'agence.",
            ])
        for furniture in [
            "cookies", "Lire aussi", "Les plus lus", "Tous droits", "JavaScript", "renderAd", "Moyen-Orient",
            "Photo d'archives", "Rechercher", "dataLayer", "Texte de script",
        ] {
            #expect(!item.text.contains(furniture), "'\(furniture)' is page furniture")
        }
    }

    @Test func everySampleIsDetectedFromItsContent() throws {
        let expected: [String: WireFormat] = [
            "newsml-g2-message.xml": .newsmlG2, "newsml-g2-item.xml": .newsmlG2, "nitf-article.xml": .nitf,
            "ninjs-2.0.json": .ninjs, "ninjs-1.x.json": .ninjs, "article.html": .html,
        ]
        for (name, format) in expected {
            #expect(WireReader.detect(try WireFixtures.bytes(name)) == format, "\(name)")
            #expect(try WireFixtures.document(name).format == format, "\(name)")
        }
    }
}
