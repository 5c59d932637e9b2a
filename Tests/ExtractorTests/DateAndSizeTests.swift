import Testing
import VigieProtocol

@testable import VigieExtractor

/// Dates (header month, explicit days, weekdays, year inference) and tolls, read from sentences.
struct DateAndSizeTests {
    @Test func calendar() {
        let d = Day(year: 2020, month: 11, day: 7)
        #expect(d.weekday == 6)  // a Saturday
        #expect(Day(ordinal: d.ordinal - 2).text == "2020-11-05")
        #expect(DateReader.resolve(weekday: 4, anchor: d).text == "2020-11-05")
    }

    @Test func explicitDayInTheHeaderYear() {
        let e = Coding.events("Le 2 octobre, Emmanuel Macron s'est entretenu par téléphone avec Ilham Aliev.")
        #expect(e.first?.date == "2020-10-02")
        #expect(e.first?.datePrecision == .day)
    }

    @Test func aMonthAfterTheHeaderMonthIsLastYear() {
        let e = Coding.events(
            "Le 27 décembre, les forces azerbaïdjanaises ont bombardé Stepanakert.", published: "2021-02")
        #expect(e.first?.date == "2020-12-27")
    }

    @Test func weekdayAnchoredToAnExplicitDay() {
        let text = """
            Emmanuel Macron et Vladimir Poutine se sont entretenus samedi 7 novembre par téléphone.
            Emmanuel Macron s'était déjà entretenu jeudi avec le président ukrainien Volodymyr Zelensky.
            """
        let e = Coding.events(text, published: "2020-11")
        let zelensky = e.first { Coding.keys($0.recipient).contains("UKR") || Coding.keys($0.actor).contains("UKR") }
        #expect(zelensky?.date == "2020-11-05")
    }

    @Test func lastWeekIsTheMonthOfTheWeekBeforeTheNewsDay() {
        let text = """
            Le 2 mars, le président Emmanuel Macron s'est entretenu avec Nikol Pachinian.
            Les rebelles ont capitulé la semaine dernière face à l'armée malienne.
            """
        let e = Coding.events(text, published: "2021-03")
        let retreat = e.first { $0.event == .retreat }
        #expect(retreat?.date == "2021-02")
        #expect(retreat?.datePrecision == .month)
    }

    @Test func lastMonthIsTheMonthBeforeTheHeader() {
        let e = Coding.events("Les forces russes ont bombardé Alep le mois dernier.", published: "2021-01")
        #expect(e.first?.date == "2020-12")
    }

    @Test func aPluperfectLooksBackToTheDateJustTold() {
        let text = """
            Le 2 octobre, Emmanuel Macron s'est entretenu avec Nikol Pachinian.

            La situation s'est aggravée le 27 septembre.

            Erevan a annoncé que des soldats azerbaïdjanais avaient ouvert le feu sur des villages arméniens.
            """
        let e = Coding.events(text, published: "2020-10")
        #expect(Coding.first(.assault, in: e)?.date == "2020-09-27")
    }

    @Test func noYearInTheDispatchGivesNoDate() {
        let e = Coding.events(
            "Le 9 octobre, le président français Emmanuel Macron a appelé Ilham Aliyev.", published: nil)
        #expect(e.count == 1)
        #expect(e.first?.date == nil)
    }

    @Test func newsWithoutItsOwnDateTakesTheHeaderMonth() {
        let e = Coding.events("L'Arménie a décrété la loi martiale.", published: "2020-09")
        #expect(e.first?.date == "2020-09")
        #expect(e.first?.datePrecision == .month)
    }

    @Test func tollsInDigitsAndWords() {
        func sizes(_ text: String) -> [SizeMention] {
            let tokens = Tokenizer.tokenize(text)
            return SizeReader.mentions(in: 0..<tokens.count, tokens)
        }
        #expect(sizes("19 civils azerbaïdjanais avaient été tués").map(\.value) == [19])
        #expect(sizes("plus de 60 personnes avaient été blessées").first?.field == .injured)
        #expect(sizes("qui ont fait plus de 1 250 morts").map(\.value) == [1250])
        #expect(sizes("deux soldats arméniens et un azéri ont été tués").map(\.value) == [3])
        #expect(sizes("dix-neuf soldats ont été tués").map(\.value) == [19])
        #expect(sizes("une centaine de morts").isEmpty)
        #expect(sizes("107 interpellations").first?.field == .arrested)
    }

    @Test func tollAttachedToTheAttack() {
        let e = Coding.events(
            "Les forces arméniennes ont bombardé des villages, faisant 14 morts et plus de 60 blessés.")
        let assault = Coding.first(.assault, in: e)
        #expect(assault?.size == Size(dead: 14, injured: 60))
    }
}
